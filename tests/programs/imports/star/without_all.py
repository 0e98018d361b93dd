visible = "yes"
_hidden = "no"
