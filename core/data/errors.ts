/**
 * Problems with a dataset file. The message always names the file so the UI can show it
 * as-is; `code` is stable for programmatic handling (and tests).
 */
export type DataErrorCode =
  | 'io' // file missing or unreadable
  | 'bad_gzip' // looked like gzip but did not decompress
  | 'bad_magic' // not an IDX file (first two bytes must be zero)
  | 'unknown_type' // IDX type code not one of 0x08 0x09 0x0B 0x0C 0x0D 0x0E
  | 'truncated' // fewer bytes than the header/dimensions promise
  | 'size_mismatch' // more bytes than the dimensions account for
  | 'bad_shape' // dimensions unusable for the role (e.g. 1-D images)
  | 'bad_labels' // labels not integers, negative, or wrongly shaped
  | 'count_mismatch' // images and labels files disagree on the sample count
  | 'too_large' // declares more data than can be held
  | 'empty' // no samples where samples are needed
  | 'bad_image' // an image file that does not decode
  | 'bad_csv' // a CSV/TSV table that cannot be used
  | 'bad_option'; // invalid argument (split fraction, batch size, normalisation ...)

export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}
