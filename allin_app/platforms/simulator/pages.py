"""The simulator's HTML: the consent screen a user sees when AllIN asks to connect."""

from __future__ import annotations

from html import escape
from typing import Any

from allin_app.platforms.simulator.networks import SimNetwork

_STYLE = """body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:40px}
main{max-width:460px;margin:auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 12px #0002}
h1{font-size:20px} .scopes li{margin:4px 0} label{display:block;margin:6px 0}
.actions{display:flex;gap:12px;margin-top:20px} button{flex:1;padding:10px;border-radius:8px;border:0;font-size:15px}
#allow{background:#1565c0;color:#fff} #deny{background:#e0e0e0} .note{color:#666;font-size:13px}"""


def consent_page(network: SimNetwork, app_name: str, scopes: list[str], profiles: list[dict[str, Any]],
                 hidden: dict[str, str]) -> str:
    """Allow posts the ticked profiles back with every original parameter; Deny refuses."""
    scope_items = "".join(f"<li><code>{escape(scope)}</code></li>" for scope in scopes)
    profile_items = "".join(
        f'<label><input type="checkbox" name="profile_id" value="{escape(p["external_id"])}" checked '
        f'id="profile-{escape(p["handle"])}"> {escape(p["display_name"])} '
        f'<span class="note">({escape(p["kind"])}, {p["followers"]:,} followers)</span></label>'
        for p in profiles)
    hidden_inputs = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                            for k, v in hidden.items() if v)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(network.label)} - authorize</title>
<style>{_STYLE}</style></head><body><main>
<p class="note">{escape(network.label)} (AllIN local simulator)</p>
<h1><strong>{escape(app_name)}</strong> wants to access your {escape(network.label)} account</h1>
<p>It asks for:</p><ul class="scopes">{scope_items}</ul>
<form method="post" action="/sim/{network.name}/consent">{hidden_inputs}
<p>Choose what it may manage:</p>{profile_items}
<div class="actions"><button id="deny" name="decision" value="deny">Deny</button>
<button id="allow" name="decision" value="allow">Allow</button></div></form></main></body></html>"""


def error_page(network: SimNetwork, message: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(network.label)} - error</title>"
            f"</head><body><main><h1>Something went wrong</h1><p id='error'>{escape(message)}</p></main></body></html>")
