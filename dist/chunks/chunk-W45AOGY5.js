import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-46RVP3DS.js";var t=o((p,e)=>{e.exports=process.getBuiltinModule("node:path")});export{t as a};
