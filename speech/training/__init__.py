"""Building the understanding model: the corpus, its augmentation, training, evaluation.

Only `make train` uses this package (it needs scikit-learn); the satellite loads the
trained weights from speech/data with numpy alone (speech.classifier).
"""
