#!/usr/bin/env bash
# The same work with curl and the AWS CLI, as a workflow `run:` step would do it: OIDC token,
# sts assume-role-with-web-identity, kendra start-data-source-sync-job, the output line.
# AWS_CLI names the aws executable (default: aws on PATH).
set -euo pipefail
aws=${AWS_CLI:-aws}
region=$(printenv 'INPUT_AWS-REGION' || true)
region=${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
audience=$(printenv 'INPUT_AUDIENCE' || true)

answer=$(curl -sSf -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
  "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=${audience:-sts.amazonaws.com}")
token=${answer#*\"value\":\"}
token=${token%%\"*}
echo "::add-mask::$token"

read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(
  "$aws" sts assume-role-with-web-identity --region "$region" \
    --endpoint-url "${AWS_ENDPOINT_URL_STS:-https://sts.$region.amazonaws.com}" \
    --role-arn "$(printenv 'INPUT_ROLE-TO-ASSUME')" \
    --role-session-name "$(printenv 'INPUT_ROLE-SESSION-NAME')" \
    --duration-seconds "$(printenv 'INPUT_ROLE-DURATION-SECONDS')" \
    --web-identity-token "$token" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text
)
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
echo "::add-mask::$AWS_SECRET_ACCESS_KEY"
echo "::add-mask::$AWS_SESSION_TOKEN"

id=$("$aws" kendra start-data-source-sync-job --region "$region" \
  --endpoint-url "${AWS_ENDPOINT_URL_KENDRA:-https://kendra.$region.amazonaws.com}" \
  --index-id "$(printenv 'INPUT_INDEX-ID')" --id "$(printenv 'INPUT_DATA-SOURCE-ID')" \
  --query ExecutionId --output text)
echo "execution-id=$id" >>"$GITHUB_OUTPUT"
echo "Started sync job $id."
