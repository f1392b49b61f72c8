import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function n(t){return t.trim().replace(/[\s.!?]+$/,"")}var s=t=>t.charAt(0).toUpperCase()+t.slice(1),e=200;function i(t){let r=t.replace(/\s+/g," ").trim();return r.length>e?`${r.slice(0,e-1)}\u2026`:r}export{n as a,s as b,i as c};
