import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-EFDKKT35.js";import"./chunk-W3NA6NAE.js";import"./chunk-SGIBCRKH.js";import"./chunk-LO2LZMXI.js";import"./chunk-4KXBKA4B.js";export{f as ENV_ACCOUNT_ID,e as ENV_CREDENTIAL_SCOPE,d as ENV_EXPIRATION,a as ENV_KEY,b as ENV_SECRET,c as ENV_SESSION,g as fromEnv};
