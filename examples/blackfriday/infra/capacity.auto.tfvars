# Suggested by plimsoll plan from plimsoll.yaml. Instances are spread so that losing
# any one zone still leaves enough for the peak at the horizon with buffer.

# tier web: 400/s per instance, 3 zones × 14
web_min_size           = 21
web_desired_capacity   = 24
web_max_size           = 42
web_target_utilization = 53
