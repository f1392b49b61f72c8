import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a}from"./chunk-KAKQMZHD.js";import"./chunk-46RVP3DS.js";export default a();
