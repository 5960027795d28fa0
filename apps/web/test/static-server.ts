// The tests serve dist/ with the same server as `pnpm serve`.
export { isolationHeaders, type StaticServer, startStaticServer } from '../scripts/static-server.mjs';
