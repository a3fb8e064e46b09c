export { CacheControl } from './cache-control.js';
export {
  createOrigin,
  Origin,
  type OriginAddress,
  type OriginEvents,
  type OriginOptions,
  type OriginRequest,
  type OriginRequestRecord,
  type OriginResponse,
  type OriginRouteHandler,
} from './origin.js';
export { sendBody, sendText } from './respond.js';
export { formatServerTiming, type ServerTimingValues } from './server-timing.js';
