"""Word-level tokenizer expressed as a Hugging Face WordPiece tokenizer.json (no ## pieces in the vocab,
so every word is either one whole-word token or [UNK]). Python reimplementation used for training."""
import unicodedata

from . import data
from .common import L

SPECIALS = ["[PAD]", "[SOT]", "[EOT]", "[UNK]"]
PAD, SOT, EOT, UNK = 0, 1, 2, 3
PUNCT = [chr(c) for c in range(33, 127) if not chr(c).isalnum()]


def build_vocab():
    toks = SPECIALS + PUNCT + data.vocab_words()
    return {t: i for i, t in enumerate(toks)}


VOCAB = build_vocab()


def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def pre_tokenize(text):
    """BertPreTokenizer: split on whitespace, then isolate each punctuation char."""
    words, cur = [], []
    for ch in text:
        if ch.isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


def encode(text):
    """[SOT] ids [EOT] (no truncation/padding)."""
    ids = [SOT]
    for w in pre_tokenize(text.lower()):
        if len(w) > 100:
            ids.append(UNK)
        else:
            ids.append(VOCAB.get(w, UNK))
    ids.append(EOT)
    return ids


def host_pad(ids, length=L):
    """Host rule: truncate keeping EOT last, pad with PAD; mask 1 on real tokens."""
    if len(ids) > length:
        ids = ids[:length - 1] + [EOT]
    mask = [1] * len(ids) + [0] * (length - len(ids))
    return ids + [PAD] * (length - len(ids)), mask


_cache = {}


def batch(texts, length=L):
    import torch
    rows, masks = [], []
    for t in texts:
        r = _cache.get(t)
        if r is None:
            r = host_pad(encode(t), length)
            if len(_cache) < 200000:
                _cache[t] = r
        rows.append(r[0])
        masks.append(r[1])
    return torch.tensor(rows, dtype=torch.int64), torch.tensor(masks, dtype=torch.int64)


def tokenizer_json():
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True} for i, t in enumerate(SPECIALS)
        ],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[SOT]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[EOT]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[SOT]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[EOT]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[EOT]", "type_id": 1}}],
            "special_tokens": {
                "[SOT]": {"id": "[SOT]", "ids": [SOT], "tokens": ["[SOT]"]},
                "[EOT]": {"id": "[EOT]", "ids": [EOT], "tokens": ["[EOT]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": VOCAB},
    }
