"""The command set shared by every front door: specs, the text grammar and the runner."""
