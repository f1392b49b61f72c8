import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as t}from"./chunk-46RVP3DS.js";var o=t((s,e)=>{e.exports=process.getBuiltinModule("node:https")});export{o as a};
