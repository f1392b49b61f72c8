import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function c(s,n,t=process.env){let _=s==="sts"?t.AWS_ENDPOINT_URL_STS:t.AWS_ENDPOINT_URL_KENDRA,o=n.startsWith("cn-")?"amazonaws.com.cn":"amazonaws.com";return _||t.AWS_ENDPOINT_URL||`https://${s}.${n}.${o}`}export{c as a};
