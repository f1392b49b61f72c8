import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as e}from"./chunk-46RVP3DS.js";var t=e((r,o)=>{o.exports=process.getBuiltinModule("node:fs")});var p=e((d,s)=>{s.exports=process.getBuiltinModule("node:crypto")});export{p as a,t as b};
