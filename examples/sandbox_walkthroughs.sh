#!/usr/bin/env bash
# Replays the two walkthroughs of the Vobiz docs (the partner program example flow, and
# provisioning a customer_use sub-account) with curl against vobiz-sandbox, step by step,
# printing each answer and stopping at the first one that differs from the docs.
#
#   bash examples/sandbox_walkthroughs.sh            # starts target/debug/vobiz-sandbox itself
#   SANDBOX_URL=… PA_ID=… PA_TOKEN=… MA_ID=… MA_TOKEN=… bash examples/sandbox_walkthroughs.sh
#
# Needs curl and python3 (for reading JSON).
set -euo pipefail

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [[ -n $sandbox_pid ]] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Reads a dotted path (`sub_account.auth_id`, `items.0.e164`) from a JSON file.
json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if not isinstance(value, bool) else str(value).lower())
PY
}

if [[ -z ${SANDBOX_URL:-} ]]; then
  bin=${SANDBOX_BIN:-target/debug/vobiz-sandbox}
  "$bin" --port 0 --seed 1 >"$work/banner" &
  sandbox_pid=$!
  for _ in $(seq 50); do
    python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/banner" 2>/dev/null && break
    sleep 0.1
  done
  SANDBOX_URL=$(json "$work/banner" url)
  PA_ID=$(json "$work/banner" seeded.partner.auth_id)
  PA_TOKEN=$(json "$work/banner" seeded.partner.auth_token)
  MA_ID=$(json "$work/banner" seeded.parent.auth_id)
  MA_TOKEN=$(json "$work/banner" seeded.parent.auth_token)
fi

body="$work/body"
status=""

# call METHOD PATH ID TOKEN [JSON]: one request, the answer in $body and $status.
call() {
  local args=(-sS -o "$body" -w '%{http_code}' -X "$1" "$SANDBOX_URL$2"
    -H "X-Auth-ID: $3" -H "X-Auth-Token: $4" -H 'Accept: application/json')
  if [[ -n ${5:-} ]]; then args+=(-H 'Content-Type: application/json' -d "$5"); fi
  status=$(curl "${args[@]}")
}

# control METHOD PATH [JSON]: a control-plane request.
control() {
  local args=(-sS -o "$body" -w '%{http_code}' -X "$1" "$SANDBOX_URL$2")
  if [[ -n ${3:-} ]]; then args+=(-H 'Content-Type: application/json' -d "$3"); fi
  status=$(curl "${args[@]}")
}

# expect TITLE STATUS…: prints the step and its answer; stops unless the status is one of
# the documented ones.
expect() {
  local title=$1
  shift
  printf '\n== %s -> %s\n' "$title" "$status"
  head -c 400 "$body"
  echo
  for ok in "$@"; do [[ $status == "$ok" ]] && return 0; done
  echo "!! expected $*, got $status" >&2
  exit 1
}

# same FIELD VALUE: checks a field of the last answer.
same() {
  local got
  got=$(json "$body" "$1")
  if [[ $got != "$2" ]]; then
    echo "!! $1 is $got, the docs say $2" >&2
    exit 1
  fi
}

echo "### Partner program example flow (partner credentials $PA_ID)"

call POST /api/v1/partner/accounts "$PA_ID" "$PA_TOKEN" \
  '{"name":"John Doe","email":"john@example.com","phone":"+919876543210","password":"SecurePass123!","company":"Acme Corp","country":"IN"}'
expect "Step 1: create customer account" 201
same status active
same currency INR
CUST=$(json "$body" auth_id)
CUST_TOKEN=$(json "$body" auth_token)

call POST "/api/v1/partner/accounts/$CUST/transfer-balance" "$PA_ID" "$PA_TOKEN" \
  '{"amount":500.00,"currency":"INR","description":"April recharge — Credresolve"}'
expect "Step 2: transfer balance" 200
same status completed
same to_account "$CUST"

call POST /api/v1/partner/kyc-sessions "$PA_ID" "$PA_TOKEN" \
  "{\"account_auth_id\":\"$CUST\",\"webhook_url\":\"https://yourapp.com/kyc-webhook\",\"expires_in_days\":14,\"reminder_schedule\":[{\"trigger\":\"days_before_expiry\",\"value\":3},{\"trigger\":\"days_before_expiry\",\"value\":1}]}"
expect "Step 3: initiate KYC session" 201
same status email_sent
same email_dispatched_to 'j***@example.com'
SESSION=$(json "$body" session_id)

call GET "/api/v1/partner/kyc-sessions?page=1&size=20" "$PA_ID" "$PA_TOKEN"
expect "Managing KYC sessions: list" 200
call GET "/api/v1/partner/kyc-sessions/$SESSION" "$PA_ID" "$PA_TOKEN"
expect "Managing KYC sessions: get" 200
same id "$SESSION"
call POST "/api/v1/partner/kyc-sessions/$SESSION/resend" "$PA_ID" "$PA_TOKEN"
expect "Managing KYC sessions: resend within the 30-minute cooldown" 429
call DELETE "/api/v1/partner/kyc-sessions/$SESSION" "$PA_ID" "$PA_TOKEN" '{ "reason": "Wrong email" }'
expect "Managing KYC sessions: revoke" 200
same message "Session revoked"

call POST /api/v1/partner/kyc-sessions "$PA_ID" "$PA_TOKEN" "{\"account_auth_id\":\"$CUST\",\"customer_email\":\"john@example.com\"}"
expect "Step 3 again: a fresh session" 201
control POST "/__sandbox/kyc-sessions/$(json "$body" session_id)/complete" '{"kyc_type":"individual"}'
expect "Step 4: the customer completes KYC in the widget (sandbox control)" 200
same status kyc_completed

call GET "/api/v1/partner/accounts/$CUST/transactions?page=1&per_page=20" "$PA_ID" "$PA_TOKEN"
expect "Transactions" 200
same transactions.0.type credit
call GET "/api/v1/partner/accounts/$CUST/transactions?from_date=2026-03-01&to_date=2026-03-31&per_page=100" "$PA_ID" "$PA_TOKEN"
expect "Transactions in a date range" 200
call GET "/api/v1/partner/accounts/$CUST/transactions?transaction_type=recharge&per_page=50" "$PA_ID" "$PA_TOKEN"
expect "Transactions by type" 200

call GET "/api/v1/partner/accounts/$CUST/cdrs?call_direction=inbound&status=answered&min_duration=10" "$PA_ID" "$PA_TOKEN"
expect "CDRs, partner view" 200
call GET "/api/v1/account/$CUST/cdrs?status=failed&hangup_cause=NO_ANSWER" "$CUST" "$CUST_TOKEN"
expect "CDRs, customer view (customer credentials)" 200
call GET "/api/v1/partner/accounts/$CUST/numbers?page=1&per_page=20" "$PA_ID" "$PA_TOKEN"
expect "Phone numbers, partner view" 200
call GET /api/v1/partner/me "$PA_ID" "$PA_TOKEN"
expect "Profile" 200
call GET /api/v1/partner/dashboard "$PA_ID" "$PA_TOKEN"
expect "Dashboard" 200

call GET "/api/v1/account/$CUST/inventory/numbers?country=IN&page=1&per_page=25" "$CUST" "$CUST_TOKEN"
expect "Customer API: inventory numbers" 200
NUMBER=$(json "$body" items.0.e164)
call POST "/api/v1/Account/$CUST/numbers/purchase-from-inventory" "$CUST" "$CUST_TOKEN" "{\"e164\":\"$NUMBER\"}"
expect "Customer API: buy $NUMBER (setup + monthly fee from the wallet)" 200
call DELETE "/api/v1/account/$CUST/numbers/$NUMBER" "$CUST" "$CUST_TOKEN"
expect "Customer API: release a phone number" 200
same status pending_release
call POST "/api/v1/account/$CUST/trunks" "$CUST" "$CUST_TOKEN" \
  '{"name":"My SIP Trunk","trunk_status":"enabled","secure":false,"trunk_direction":"outbound","concurrent_calls_limit":10,"cps_limit":5,"transport":"udp"}'
expect "Customer API: create a SIP trunk" 201
same trunk_domain "$(json "$body" trunk_id).sip.vobiz.ai"

echo
echo "### Provision a customer_use sub-account (parent credentials $MA_ID)"

call POST "/api/v1/accounts/$MA_ID/sub-accounts/" "$MA_ID" "$MA_TOKEN" \
  '{"name":"Acme Support Desk","email":"kyc@acme.in","kyc_mode":"customer_use","business_type":"private_limited"}'
expect "Step 1: create the customer_use sub-account" 201
same sub_account.kyc_calls_blocked true
SA=$(json "$body" auth_credentials.auth_id)
SA_TOKEN=$(json "$body" auth_credentials.auth_token)

call POST "/api/v1/sub-accounts/$SA/kyc/verify-pan" "$MA_ID" "$MA_TOKEN" '{"pan":"ABCCD1234E"}'
expect "Step 2: verify PAN" 200
call POST "/api/v1/sub-accounts/$SA/kyc/verify-gst" "$MA_ID" "$MA_TOKEN" '{"gstin":"29ABCCD1234E1Z5"}'
expect "Step 2: verify GST" 200
call GET "/api/v1/sub-accounts/$SA/kyc/status" "$MA_ID" "$MA_TOKEN"
expect "Step 2: poll status" 200
same kyc_calls_blocked false

call GET "/api/v1/Account/$MA_ID/inventory/numbers?country=IN" "$MA_ID" "$MA_TOKEN"
expect "Step 3: find a number" 200
DID=$(json "$body" items.0.e164)
DID2=$(json "$body" items.1.e164)
call POST "/api/v1/Account/$MA_ID/numbers/purchase-from-inventory" "$MA_ID" "$MA_TOKEN" "{\"e164\":\"$DID\"}"
expect "Step 3: purchase it into the parent's pool" 200

ENCODED="%2B${DID#+}"
call POST "/api/v1/account/$MA_ID/numbers/$ENCODED/assign-subaccount" "$MA_ID" "$MA_TOKEN" "{\"sub_account_id\":\"$SA\"}"
expect "Step 4: assign it to the sub-account (+ encoded as %2B)" 200 204

call POST "/api/v1/Account/$SA/Call/" "$SA" "$SA_TOKEN" \
  "{\"from\":\"$DID\",\"to\":\"+919999912345\",\"answer_url\":\"https://example.com/answer.xml\",\"answer_method\":\"POST\"}"
expect "Step 5: first call, with the sub-account's own credentials" 200
same message "Call fired"

control POST /__sandbox/clock '{"advance_seconds":300}'
expect "(sandbox) five minutes later the call has ended" 200
call DELETE "/api/v1/account/$MA_ID/numbers/$ENCODED/assign-subaccount" "$MA_ID" "$MA_TOKEN"
expect "Unassign within 15 days of the last call: cool-off" 409
same error did_cool_off_in_effect
control POST /__sandbox/clock '{"advance_seconds":1296000}'
expect "(sandbox) fifteen days later" 200
call DELETE "/api/v1/account/$MA_ID/numbers/$ENCODED/assign-subaccount" "$MA_ID" "$MA_TOKEN"
expect "Unassign after the cool-off" 200 204

call POST "/api/v1/Account/$SA/numbers/purchase-from-inventory" "$SA" "$SA_TOKEN" "{\"e164\":\"$DID2\"}"
expect "Alternative: the sub-account buys its own number (billed to the parent)" 200

control GET /__sandbox/invariant
expect "(sandbox) money is conserved" 200
same holds true
echo
echo "Both walkthroughs replayed as documented."
