# The parameters cell of every chapter in the last release (framing 0.1.0, commit 13ac988), kept verbatim:
# tests/study/test_notebooks.py passes its values to the current notebooks through papermill, as an old
# `papermill -p seed ... -p pair ...` call or script would (issue 25, item 6).
# Parameters, the same in every chapter: papermill and `framing figures` replace these values.
data_path = None  # a corpus file or folder for framing.load_corpus; None is the bundled demo corpus
columns = {}  # column mapping, e.g. {"text": "content", "side": "country"}
out_dir = None  # None: a scratch folder (printed below), never the committed figures/ of make figures
by = "side"  # the comparison column: side, source_type, source...
sides = None  # the groups to compare, e.g. ["Pakistan", "India"]; None means all
pair = None  # two sides to contrast in detail, e.g. ["Pakistan", "India"]; None: the two with most documents
model = None  # sentence-transformers model folder or name; None is the bundled all-MiniLM-L6-v2
languages = None  # the study's languages, e.g. ["en", "ur", "hi"]; None: English only
k = None  # number of clusters; None chooses it by silhouette
method = "kmeans"  # clustering: "kmeans", "agglomerative" or "hdbscan"
seed = 0  # random seed for every stochastic step
about = None  # what the corpus is about, e.g. "India-Pakistan relations": off-topic documents are set aside
not_about = None  # near subjects to set aside too, e.g. "India-Pakistan cricket" (needs about)
clean = True  # clean the corpus first (boilerplate, near-duplicates, language, relevance); False: as loaded
n_boot = 2000  # bootstrap resamples and permutations
