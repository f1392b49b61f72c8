import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as t}from"./chunk-LIH7TI6V.js";var o=t((p,e)=>{e.exports=process.getBuiltinModule("node:http")});export default o();
