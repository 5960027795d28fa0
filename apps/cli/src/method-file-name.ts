/**
 * The part of an output file name that names a CAM method: the method's name with each `+` written as `p` after
 * a hyphen (`gradcam++` → `gradcam-pp`), so that every built-in method gets its own readable name (`gradcam` and
 * `gradcam++` no longer both become `gradcam`). Built-in names are lower-case letters, digits, `-` and `+`; for
 * them the mapping is one-to-one.
 *
 * @example
 * ```ts
 * methodFileName('gradcam++'); // 'gradcam-pp'
 * methodFileName('scorecam'); // 'scorecam'
 * ```
 */
export function methodFileName(method: string): string {
  return method
    .toLowerCase()
    .replace(/\++/g, (pluses) => `-${'p'.repeat(pluses.length)}`)
    .replace(/[^a-z0-9-]+/g, '_');
}
