"""The ``bot`` command: content editing workflow, serving, evaluation and benchmarks.

    bot content validate|diff|publish|history|approve|rollback|export|report
    bot serve           start the action server, the Rasa server and the website page
    bot eval FILE       measure the running bot on a labelled file
    bot bench           measure latency and throughput of the running bot, and triage cost
"""

from __future__ import annotations

import argparse
import getpass
import io
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from bot.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bot", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    content = sub.add_parser("content", help="check, publish and report on content")
    csub = content.add_subparsers(dest="content_command", required=True)
    csub.add_parser("validate", help="check every file in content/ and print each problem and reading grade")
    csub.add_parser("diff", help="show what publish would change")
    tr = csub.add_parser("try", help="the red-flag verdicts your edits would change, on your own test messages")
    tr.add_argument("messages", type=Path, help="a text file, one message per line")
    tr.add_argument("--against", type=Path, default=None,
                    help="a content folder to compare with (default: what is published, same context.yml)")
    pub = csub.add_parser("publish", help="validate, then store a new live version of every changed item")
    pub.add_argument("--by", default=None, help="who is publishing (default: your login name)")
    pub.add_argument("--reason", default="", help="why (kept in the audit trail)")
    hist = csub.add_parser("history", help="every version of one item")
    hist.add_argument("item_id")
    rb = csub.add_parser("rollback", help="make an old version live again (as a new version)")
    rb.add_argument("item_id")
    rb.add_argument("version", type=int)
    rb.add_argument("--by", default=None)
    rb.add_argument("--reason", default="")
    appr = csub.add_parser("approve", help="a clinical reviewer approves a version (default: the live one)")
    appr.add_argument("item_id")
    appr.add_argument("version", type=int, nargs="?", default=None)
    appr.add_argument("--by", required=True, help="the reviewer's name (never the version's author)")
    appr.add_argument("--comment", default="")
    exp = csub.add_parser("export", help="write the published store back to files")
    exp.add_argument("--to", type=Path, required=True, help="folder to write topics/ and red-flags/ into")
    csub.add_parser("report", help="helpfulness, times shown, review dates, unanswered questions")

    handoff = sub.add_parser("handoff", help="give a conversation handed to a person back to the bot")
    handoff.add_argument("action", choices=["release", "status"])
    handoff.add_argument("sender_id", help="the sender id from the handoff notification")

    editors = sub.add_parser("editors", help="accounts for the editors' workspace")
    esub = editors.add_subparsers(dest="editors_command", required=True)
    add = esub.add_parser("add", help="create an account (the password is asked for, or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=["editor", "reviewer"], required=True,
                     help="editor: drafts and submits; reviewer: also approves others' drafts")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    rules = sub.add_parser("eval-rules", help="the red-flag rules alone on labelled files (counts only, no servers)")
    rules.add_argument("file", type=Path, nargs="+")

    cluster = sub.add_parser("cluster", help="Rasa's scale-out deployment on this machine (make run-cluster)")
    cluster.add_argument("--model", default="models")

    serve = sub.add_parser("serve", help="start the action server, the Rasa server and the website page")
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--action-port", type=int, default=5055)
    serve.add_argument("--web-port", type=int, default=8000)
    serve.add_argument("--editor-port", type=int, default=int(os.environ.get("EDITOR_PORT", "8001")),
                       help="the editors' workspace (0: do not start it)")
    serve.add_argument("--model", default="models")

    privacy_cmd = sub.add_parser("privacy", help="stored conversations: purge old ones, erase one patient's")
    privacy_cmd.add_argument("action", choices=["purge", "erase"])
    privacy_cmd.add_argument("sender_id", nargs="?", help="erase: the conversation's sender id (e.g. rest:...)")
    privacy_cmd.add_argument("--days", type=float, default=30, help="purge: keep conversations active this recently")

    ev = sub.add_parser("eval", help="measure the running bot on a labelled file (shared/eval/sample.yml format)")
    ev.add_argument("file", type=Path, nargs="+", help="one or more labelled files, measured in one run")
    ev.add_argument("--figures-only", action="store_true",
                    help="print the figures but not the misses (for the blind set, which nobody may read)")
    ev.add_argument("--url", default="http://localhost:5005")
    ev.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    ev.add_argument("--start", action="store_true", help="start the servers on spare ports for the run")
    ev.add_argument("--model", default="models")

    fuzz = sub.add_parser("fuzz", help="hostile and malformed requests over REST and socket.io; what must hold")
    fuzz.add_argument("--url", default="http://localhost:5005")
    fuzz.add_argument("--origin", default="http://localhost:8000", help="the web page's origin (for socket.io)")
    fuzz.add_argument("--requests", type=int, default=10_000)
    fuzz.add_argument("--socket-events", type=int, default=200)
    fuzz.add_argument("--seed", type=int, default=1)
    fuzz.add_argument("--start", action="store_true", help="start the servers on spare ports for the run")
    fuzz.add_argument("--model", default="models")

    bench = sub.add_parser("bench", help="latency and throughput of the running bot, and the triage cost")
    bench.add_argument("--url", default="http://localhost:5005")
    bench.add_argument("--requests", type=int, default=200)
    bench.add_argument("--concurrency", type=int, default=None,
                       help="concurrent patients (default 4; 10 with --against-stock)")
    bench.add_argument("--against-stock", action="store_true",
                       help="build the stock `rasa init` bot once, then measure it, our embedded bot and our "
                            "cluster in one run under the same closed-loop load and print the ratios")
    bench.add_argument("--seconds", type=float, default=30, help="--against-stock: load time per bot")
    bench.add_argument("--only", default="stock,embedded,cluster",
                       help="--against-stock: which of stock, embedded, cluster to measure")
    bench.add_argument("--json", type=Path, default=None, help="--against-stock: also write the figures here")
    bench.add_argument("--growth", type=int, default=0, metavar="N",
                       help="send N messages over N/10 conversations to the embedded bot and compare its resident "
                            "memory after the first tenth with the end (at most 10%% growth)")
    bench.add_argument("--start", action="store_true", help="start the servers on spare ports for the run")
    bench.add_argument("--model", default="models")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()

    if args.command == "content":
        from bot.content import editor

        name = args.content_command
        if name == "validate":
            return editor.validate(settings, sys.stdout)
        if name == "diff":
            return editor.diff(settings, sys.stdout)
        if name == "try":
            return editor.try_messages(settings, args.messages, args.against, sys.stdout)
        if name == "publish":
            return editor.publish(settings, args.by or getpass.getuser(), args.reason, sys.stdout)
        if name == "history":
            return editor.history(settings, args.item_id, sys.stdout)
        if name == "rollback":
            return editor.rollback(settings, args.item_id, args.version, args.by or getpass.getuser(), args.reason,
                                   sys.stdout)
        if name == "approve":
            return editor.approve(settings, args.item_id, args.version, args.by, args.comment, sys.stdout)
        if name == "export":
            return editor.export(settings, args.to, sys.stdout)
        if name == "report":
            return editor.report(settings, sys.stdout)
    if args.command == "editors":
        from bot.content.store import ContentStore
        from bot.workspace.service import Workspace, WorkspaceError

        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password (12 characters or more): ")
            if getpass.getpass("Again: ") != password:
                print("The two passwords differ; nothing was changed.")
                return 1
        store = ContentStore.from_url(settings.database_url)
        store.create_schema()
        try:
            Workspace(store).add_account(args.name, args.role, password)
        except WorkspaceError as err:
            print(f"Nothing was changed: {err}")
            return 1
        print(f"{' '.join(args.name.split())} can now sign in to the editors' workspace as {args.role}")
        return 0
    if args.command == "handoff":
        from bot.services import build_services

        handoffs = build_services(settings).handoffs
        if args.action == "status":
            print("with a person" if handoffs.active(args.sender_id) else "with the bot")
            return 0
        if handoffs.release(args.sender_id):
            print("released: the bot answers this sender again")
            return 0
        print("this sender was not handed to a person")
        return 1
    if args.command == "privacy":
        from bot import privacy

        if args.action == "purge":
            removed = privacy.purge(settings.conversations_url, args.days)
            print(f"{removed} conversation(s) with no message in the last {args.days:g} days deleted")
            return 0
        if not args.sender_id:
            parser.error("erase needs the sender id")
        from bot.content.store import ContentStore

        store = ContentStore.from_url(settings.database_url)
        events = privacy.erase(settings.conversations_url, args.sender_id, store, settings.secret())
        print(f"conversation {args.sender_id}: {events} stored event(s) and any handoff record deleted")
        return 0
    if args.command == "eval-rules":
        from bot.evaluate import rules_figures

        for path in args.file:
            rules_figures(path, settings.content_dir, sys.stdout)
        return 0
    if args.command == "cluster":
        from bot.cluster import run_cluster

        return run_cluster(Path.cwd(), args.model)
    if args.command == "serve":
        from bot.serve import serve_forever

        return serve_forever(settings, args.rasa_port, args.action_port, args.web_port, args.model,
                             args.editor_port or None)
    if args.command == "bench" and args.against_stock:
        from bot.bench import MESSAGES
        from bot.stock import run_against_stock

        try:
            return run_against_stock(settings, Path.cwd(), args.model, MESSAGES, args.concurrency or 10,
                                     args.seconds, sys.stdout, args.only.split(","), args.json)
        except (RuntimeError, OSError) as err:  # ServerError is a RuntimeError; OSError: a port already taken
            print(f"The comparison stopped: {err}", file=sys.stderr)
            return 1
    if args.command == "bench" and args.growth:
        from bot.bench import MESSAGES
        from bot.stock import run_growth

        return run_growth(settings, Path.cwd(), args.model, MESSAGES, args.growth, max(1, args.growth // 10),
                          args.concurrency or 10, sys.stdout)
    if args.command == "bench" and args.concurrency is None:
        args.concurrency = 4
    if args.command in ("eval", "bench", "fuzz"):
        from bot.bench import run_bench
        from bot.evaluate import run_eval
        from bot.fuzz import run_fuzz
        from bot.serve import ServerError, Servers

        def measure(url: str, web_origin: str) -> int:
            if args.command == "eval":
                codes = [run_eval(path, url, sys.stdout, args.json, show_misses=not args.figures_only)
                         for path in args.file]
                return max(codes)
            if args.command == "fuzz":
                return run_fuzz(url, web_origin, args.requests, args.socket_events, args.seed, sys.stdout)
            return run_bench(settings, url, args.requests, args.concurrency, sys.stdout)

        if not args.start:
            return measure(args.url, getattr(args, "origin", ""))
        with tempfile.TemporaryDirectory(prefix="bot-measure-") as work:
            measured = _store_of_these_files(settings, Path(work))
            if measured is None:
                return 1
            try:
                rasa_port, action_port, web_port = _free_ports(3)
                with Servers(measured, rasa_port=rasa_port, action_port=action_port, web_port=web_port,
                             model=args.model, run_dir=Path(work) / "run") as servers:
                    return measure(servers.rasa_url, f"http://localhost:{servers.web_port}")
            except (ServerError, OSError) as err:  # OSError: a port already taken
                print(f"Could not start the servers: {err}", file=sys.stderr)
                return 1
    parser.error("unknown command")
    return 2


def _store_of_these_files(settings: Settings, work: Path) -> Settings | None:
    """Settings whose content store (and conversations) live in ``work`` and hold exactly the content files now.

    A measurement started here is of this tree: the clinic's own store may still hold what was last published
    (red-flag rules included), and the measured conversations must not pile up in it.
    """
    from bot.content import editor

    work.mkdir(parents=True, exist_ok=True)
    measured = Settings(f"sqlite:///{work / 'content.db'}", settings.content_dir, settings.clinic_file)
    out = io.StringIO()
    if editor.publish(measured, "measurement", "the content files, for one measurement", out) != 0:
        print(f"The content files cannot be measured:\n{out.getvalue()}", file=sys.stderr)
        return None
    return measured


def _free_ports(count: int) -> list[int]:
    """Ports nothing listens on now, chosen by the system: two measurements can run side by side."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


if __name__ == "__main__":
    sys.exit(main())
