"""Nuclear ground states from Skyrme energy density functionals (spherical Hartree-Fock)."""
