"""The one entry point the browser worker calls: JSON in, JSON out.

Requests: {"kind": "run", "widget": name, "params": {...}}
          {"kind": "action", "widget": name, "action": key, "params": {...}}
          {"kind": "warm", "widget": name, "step": i}   (step i of the widget's `warm`)
Replies:  {"ok": true, "view": {...}} or {"ok": false, "error": message, "param": name|null};
          a warm step replies {"ok": true, "steps": how many there are}.
"""

from __future__ import annotations

import json

from widgets.core.params import ParamError
from widgets.registry import get_spec


def handle(request_json: str) -> str:
    try:
        request = json.loads(request_json)
        spec = get_spec(str(request["widget"]))
        if request.get("kind") == "warm":
            step = request.get("step")
            if not isinstance(step, int) or not 0 <= step < len(spec.warm):
                raise ParamError(
                    "step", f"must be a warm-up step of {spec.name} (0-{len(spec.warm) - 1})"
                )
            spec.warm[step]()
            return json.dumps({"ok": True, "steps": len(spec.warm)})
        params = request.get("params", {})
        if not isinstance(params, dict):
            raise ParamError("params", "must be an object")
        if request.get("kind") == "action":
            validated = spec.validate(params)
            view = spec.action(str(request["action"])).run(validated)
        else:
            view = spec.run(params)
        return json.dumps({"ok": True, "view": view.to_json()})
    except ParamError as error:
        return json.dumps({"ok": False, "error": str(error), "param": error.name})
    except KeyError as error:
        return json.dumps({"ok": False, "error": f"unknown name {error}", "param": None})
