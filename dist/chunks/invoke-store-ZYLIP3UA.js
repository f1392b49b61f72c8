import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as e}from"./chunk-46RVP3DS.js";var s=e((n,o)=>{o.exports=process.getBuiltinModule("node:async_hooks")});export default s();
