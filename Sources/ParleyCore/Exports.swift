// Display width is a module of its own (TerminalUI uses it without the rest of the core); the core's
// users (views, reports, commands) keep measuring text through `import ParleyCore`.
@_exported import DisplayWidth
