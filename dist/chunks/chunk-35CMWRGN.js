import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function t(r){return r.trim().replace(/[\s.!?]+$/,"")}var e=r=>r.charAt(0).toUpperCase()+r.slice(1);export{t as a,e as b};
