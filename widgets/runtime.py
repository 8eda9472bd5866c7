"""The one entry point the browser worker calls: JSON in, JSON out.

Requests: {"kind": "run", "widget": name, "params": {...}}
          {"kind": "action", "widget": name, "action": key, "params": {...}}
          {"kind": "warm", "widget": name}   (runs the widget's one-off `warm` work)
Replies:  {"ok": true, "view": {...}} or {"ok": false, "error": message, "param": name|null};
          a warm request replies {"ok": true, "warmed": bool}.
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
            if spec.warm is not None:
                spec.warm()
            return json.dumps({"ok": True, "warmed": spec.warm is not None})
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
