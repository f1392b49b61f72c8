import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-GV2KRSR7.js";import"./chunk-VAIMJUHR.js";import"./chunk-CLG3V5MZ.js";import"./chunk-MAGQ4UGK.js";import"./chunk-46RVP3DS.js";export{f as ENV_ACCOUNT_ID,e as ENV_CREDENTIAL_SCOPE,d as ENV_EXPIRATION,a as ENV_KEY,b as ENV_SECRET,c as ENV_SESSION,g as fromEnv};
