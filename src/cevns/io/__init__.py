"""Files of other programs: SNOwGLoBES fluences and cross-section tables, MARLEY reaction
files."""
