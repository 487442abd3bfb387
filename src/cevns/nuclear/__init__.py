"""Nuclear structure: nuclear and nucleon form factors, charge densities, the Skyrme
Hartree-Fock solver and parity-violating electron scattering."""
