/** Image codecs for the server: PNG (with embedded workflow text) and JPEG. */
export { decodeImage, imageFormat } from './decode.ts';
export { intakeImage } from './intake.ts';
export { decodeJpeg, isJpeg, jpegSize } from './jpeg.ts';
export {
  asciiJson,
  decodePng,
  encodePng,
  isPng,
  pngChunk,
  readPngText,
  readPngWorkflow,
  WORKFLOW_KEYWORD,
} from './png.ts';
export { checkImageSize, ImageFormatError, MAX_IMAGE_SIDE, type RgbaImage } from './raster.ts';
