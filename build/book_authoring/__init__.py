"""This book's authoring tools: the contribution checks, the chapter and widget scaffolds."""
