__all__ = ["public", "exported_private"]
public = 1
exported_private = 2
not_listed = 3
