"""The YAML splicer's building blocks: whatever text goes in reads back the same."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from briefgen.editor.yamledit import emit_scalar, plain_if_safe

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=400)
@given(TEXT)
def test_a_double_quoted_value_reads_back_as_written(text: str) -> None:
    emitted = emit_scalar(DoubleQuotedScalarString(text))
    assert "\n" not in emitted  # one line: a statement never spills over the next key
    assert yaml.safe_load(f"k: {emitted}\n") == {"k": text}


@settings(max_examples=400)
@given(
    st.one_of(TEXT, st.sampled_from(["no", "On", "y", "~", "null", "1e3", "0x1F", "=", "<<", "a: b", "#c"]))
)
def test_a_value_left_plain_reads_back_the_same_in_yaml_1_1(text: str) -> None:
    emitted = emit_scalar(plain_if_safe(text))
    assert yaml.safe_load(f"k: {emitted}\n") == {"k": text}
