import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{e,f as t,g as n,h as i}from"./chunk-QJTGZSNM.js";function o(r){return r.replace(/##\[/g,"#\u200B#[").replace(/^(\s*):(?=:)/gm,"$1:\u200B")}var c=r=>i(o(r)),g=r=>n(o(r)),p=r=>t(o(r)),a=r=>e(o(r));export{c as a,g as b,p as c,a as d};
