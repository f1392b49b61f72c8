import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
var s={now:()=>Date.now(),sleep:o=>new Promise(n=>setTimeout(n,o))};function m(o,n,e){return Math.random()*Math.min(e,n*2**o)}function u(o){let n=Math.max(0,Math.round(o/1e3)),e=Math.floor(n/3600),r=Math.floor(n%3600/60),t=n%60;return e>0?`${e}h ${r}m ${t}s`:r>0?`${r}m ${t}s`:`${t}s`}export{s as a,m as b,u as c};
