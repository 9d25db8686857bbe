"""Collects the figures of one bench/e2e.sh run (environment variables + verify.json) into results.json."""
import json
import os

env = os.environ
out = env["OUT"]


def num(name):
    value = env.get(name, "")
    return int(value) if value else None


verify = json.load(open(os.path.join(out, "verify.json")))
sink_rates = [r for r in (num("BQ_RATE"), num("AR_RATE")) if r]
base = num("BASE_RATE")
results = {
    "date": env["DATE"],
    "machine": env["MACHINE"],
    "loadAverageAtStart": env.get("LOADAVG"),
    "note": env.get("BENCH_NOTE", ""),
    "count": num("COUNT"),
    "devices": num("DEVICES"),
    "locations": num("LOCATIONS"),
    "payloadBytes": num("PAYLOAD"),
    "targetRate": float(env["RATE"]),
    "baselineRate": base,
    "ingestionRate": num("ING_RATE"),
    "warehouseRate": num("BQ_RATE"),
    "archiveRate": num("AR_RATE"),
    # The pipeline is as fast as its slowest sink.
    "pipelineRate": min(sink_rates) if sink_rates else None,
    "ratio": round(min(sink_rates) / base, 2) if sink_rates else None,
    "ingestionRatio": round(num("ING_RATE") / base, 2) if num("ING_RATE") else None,
    "loadSeconds": float(env["LOAD_S"]) if env.get("LOAD_S") else None,
    "warehouseDurableAfterSeconds": float(env["BQ_DURABLE_S"]) if env.get("BQ_DURABLE_S") else None,
    "archiveDurableAfterSeconds": float(env["AR_DURABLE_S"]) if env.get("AR_DURABLE_S") else None,
    "rssIdleMb": num("RSS_IDLE"),
    "rssEndMb": num("RSS_END"),
    "rssPeakMb": num("RSS_PEAK"),
    "heapPeakMb": num("HEAP_PEAK"),
    "gcSeconds": env.get("GC_S"),
    "sigtermStopSeconds": float(env["STOP_S"]),
    "verifyExit": num("VERIFY_RC"),
    "sinks": {
        s["sink"]: {
            "missing": s["missing"],
            "duplicated": s["duplicated"],
            "receiptToWrite": s["receiptToWrite"],
            "publishToReceipt": s["publishToReceipt"],
            "note": s["note"],
        }
        for s in verify["sinks"]
    },
    "deadLetters": verify["deadLetters"]["byReason"],
    "verdict": verify["verdict"],
}
profile = os.path.join(out, "profile.json")
if os.path.exists(profile):
    results["profile"] = json.load(open(profile))
json.dump(results, open(os.path.join(out, "results.json"), "w"), indent=2)
print(json.dumps(results, indent=2))
