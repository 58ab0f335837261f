"""The editors' workspace: write, check, preview, review and publish content in a browser."""
