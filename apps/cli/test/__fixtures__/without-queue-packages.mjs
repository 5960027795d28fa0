// Loaded with `node --import`: runs gradcam as if the optional packages bullmq and ioredis were not installed.
import { register } from 'node:module';

register('./without-queue-packages-hooks.mjs', import.meta.url);
