import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c,d,e}from"./chunk-MJVVZG6S.js";import"./chunk-Q6CFJKAQ.js";import"./chunk-W7BKOZHG.js";import"./chunk-3JNSJBUZ.js";import"./chunk-MBTWWRIM.js";import"./chunk-NDJNVI3F.js";export{c as FINAL_STATUSES,e as KendraApi,a as MAX_CONCURRENT_REQUESTS,b as RUNNING_STATUSES,d as isFinal};
