import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-IIKQL24Y.js";import"./chunk-COU6UEVU.js";import"./chunk-SWXEJZBE.js";import"./chunk-2273BOMV.js";import"./chunk-46RVP3DS.js";export{f as ENV_ACCOUNT_ID,e as ENV_CREDENTIAL_SCOPE,d as ENV_EXPIRATION,a as ENV_KEY,b as ENV_SECRET,c as ENV_SESSION,g as fromEnv};
