"""Statistical inference: COHERENT data releases, binned likelihoods, fits, scans, limits and
sensitivities."""
