"""Realtime: domain events pushed to open pages over WebSocket (Django Channels).

A committed domain event is sent to channel-layer groups named after its object, the objects it
points at (a cue's event, an advance's production) and its model inside its workspace. Each
connection re-checks, for every message, that its user may see the event's object (the model's
`visible_to`, the same query as the page) before anything leaves the server. The core knows no
module: groups are derived from model labels and foreign keys, never from a module's names."""
