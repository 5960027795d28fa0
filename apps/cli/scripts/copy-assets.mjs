// Copies the bundled model, its labels and the demo photos from @gradcam/fixtures into assets/ (gitignored,
// published through `files`), so that the CLI package carries them without a second copy in git.
// Runs after `tsc` in `build`; see NOTICE for what the files are and their licences.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '@gradcam/fixtures';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const copies = [
  ['models/tfjs/darknet-tiny', 'models/darknet-tiny'],
  ['labels/imagenet-1k-darknet-order.txt', 'labels/imagenet-1k-darknet-order.txt'],
  ['images/both.png', 'images/both.png'],
  ['images/dogs.png', 'images/dogs.png'],
  ['images/chelsea.png', 'images/chelsea.png'],
];

rmSync(assets, { recursive: true, force: true });
for (const [from, to] of copies) {
  mkdirSync(dirname(join(assets, to)), { recursive: true });
  cpSync(fixturePath(from), join(assets, to), { recursive: true });
}
