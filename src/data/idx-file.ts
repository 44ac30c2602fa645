// IDX files on disk: read (gzipped or not), checked, and paired into image data sets.
import { gunzipSync } from 'node:zlib';
import { readRegularFile } from '../fs.js';
import { IdxFormatError, parseIdx, type IdxArray, type IdxReadOptions } from './idx.js';
import { pairIdx, type ImageDataset, type LoadIdxPairOptions } from './image-dataset.js';

/** A gzip stream starts with 1f 8b; an IDX file starts with 00 00, so the two cannot be confused. */
const GZIP_MAGIC = [0x1f, 0x8b];

/** Reads an IDX file (gzipped or not, recognised by content) and checks it; throws IdxFormatError. */
export function readIdx(path: string, options: IdxReadOptions = {}): IdxArray {
  let bytes: Uint8Array = readRegularFile(path, path);
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new IdxFormatError(path, 'corrupt gzip stream', (e as Error).message);
    }
  }
  return parseIdx(bytes, path, options);
}

/** Loads an images file (rank 3: n×h×w, or rank 4: n×h×w×c) and its labels file (rank 1: n), and checks they agree. */
export function loadIdxPair(imagesPath: string, labelsPath: string, options: LoadIdxPairOptions = {}): ImageDataset {
  return pairIdx(readIdx(imagesPath, { rank: [3, 4] }), readIdx(labelsPath, { rank: 1 }), imagesPath, labelsPath, options);
}
