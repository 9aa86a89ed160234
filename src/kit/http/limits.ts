/** The contract's limit on a request body: 64 KiB. The body limit, the 413 problem and the OpenAPI document read it here. */
export const MAX_BODY_KIB = 64;
export const MAX_BODY_BYTES = MAX_BODY_KIB * 1024;
