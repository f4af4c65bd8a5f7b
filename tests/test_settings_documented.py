"""The settings table and the files that document it stay in step."""

from jatify.config import PROJECT_ROOT
from jatify.settings import SETTINGS


def test_env_example_lists_every_setting_with_its_default():
    example = (PROJECT_ROOT / ".env.example").read_text()
    for setting in SETTINGS:
        default = "" if setting.default is None else setting.default
        assert f"# {setting.name}={default}\n" in example, setting.name


def test_readme_documents_every_setting():
    readme = (PROJECT_ROOT / "README.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []
