/**
 * The largest request body the gateway reads (R-SEC-5: bounded bodies): JSON and form bodies
 * beyond it are refused with 413 before anything is parsed or sent to a service. Documents
 * (a DPD's CSV register, a BAL file) have their own limit in their route's binding.
 */
export const REQUEST_BODY_LIMIT_BYTES = 100 * 1024;
