"""The command line: every command is documented, and `demo` works with no network."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newstrack.cli import main
from tests.conftest import newstrack

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def test_every_command_is_documented_in_the_readme() -> None:
    for name, command in main.commands.items():
        assert f"newstrack {name}" in README, f"`newstrack {name}` is missing from README.md"
        assert command.help, f"{name} has no help text"


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("demo", "crawl", "export", "extract", "status", "diff"):
        assert name in result.output


def test_extract_a_saved_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        (
            "<html><head><title>全县脱贫攻坚工作综述_某某县人民政府</title></head><body><div class='nav'>首页 | 政务公开</div>"
            "<h1>全县脱贫攻坚工作综述</h1><div>发布时间：2020-11-17 10:31 来源：县扶贫办</div><div id='zoom'>"
            + "<p>截至2019年底,全县累计脱贫70319户272066人,贫困发生率下降到0.13%。</p>" * 6
            + "<p>【责任编辑 王某】</p></div></body></html>"
        ).encode("gbk")
    )
    result = CliRunner().invoke(main, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    assert '"title": "全县脱贫攻坚工作综述"' in result.output
    assert '"published": "2020-11-17"' in result.output
    assert '"encoding": "gb18030"' in result.output
    assert "【责任编辑 王某】" in result.output.split('"dropped_lines"')[1]


def test_demo_runs_offline(tmp_path: Path) -> None:
    result = newstrack("demo", "--db", f"sqlite:///{tmp_path / 'demo.db'}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "new 9" in result.stdout and "duplicates 2" in result.stdout
    assert "reprints cwt:/cwt/news/2020/1117/art_5521390.html" in result.stdout


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["crawl", "--url", "ftp://example.org/"])
    assert result.exit_code == 2
