"""Fit the shared IDF vector on the public corpora and save artefacts/features.{npz,json}."""

from __future__ import annotations

import common

from tearspace.ml.features import fit_idf, raw_counts, save_featurizer


def corpus() -> list[str]:
    texts, _ = common.goemotions_split("train")
    dav, _ = common.davidson()
    posts = [p for u in common.cssrs_users() for p in u.posts]
    return texts + dav + posts


def main() -> None:
    texts = corpus()
    idf = fit_idf(raw_counts(texts))
    save_featurizer(idf)
    print(f"features: idf fitted on {len(texts)} texts")


if __name__ == "__main__":
    main()
