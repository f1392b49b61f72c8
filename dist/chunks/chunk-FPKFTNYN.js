import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function t(r){return r.trim().replace(/[\s.!?]+$/,"")}export{t as a};
