/** The production server of the v1-beta API: the spec's first server. What the client and the in-process mock default to. */
import { serverUrl } from "../../generated/operations.js";

export const DEFAULT_BASE_URL: string = serverUrl;
