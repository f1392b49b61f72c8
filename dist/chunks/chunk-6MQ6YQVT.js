import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-46RVP3DS.js";var s=o((t,e)=>{e.exports=process.getBuiltinModule("node:os")});export{s as a};
